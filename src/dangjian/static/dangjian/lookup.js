// Picking a row in a LookupSelect: fill the hidden id and the visible label, close the list.
document.addEventListener("click", function (ev) {
  var item = ev.target.closest(".dj-lookup-results [data-value]");
  if (!item) return;
  ev.preventDefault();
  var box = item.closest(".dj-lookup");
  box.querySelector(".dj-lookup-value").value = item.dataset.value;
  box.querySelector(".dj-lookup-text").value = item.dataset.label;
  box.querySelector(".dj-lookup-results").innerHTML = "";
});
document.addEventListener("input", function (ev) {
  if (!ev.target.classList.contains("dj-lookup-text")) return;
  if (ev.target.value === "") ev.target.closest(".dj-lookup").querySelector(".dj-lookup-value").value = "";
});
