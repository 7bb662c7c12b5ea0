// A Django formset shown as table rows the person may delete before sending (分解任务):
//   <form data-formset="split">  the formset's prefix; on submit the rows left are numbered 0, 1, 2… again and
//                                the management form's TOTAL_FORMS says how many there are
//   <button data-remove-row>     removes its row
(function () {
  "use strict";

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-remove-row]");
    if (button) button.closest("tr").remove();
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var prefix = form.dataset.formset;
    if (!prefix) return;
    var rows = form.querySelectorAll("tbody tr");
    var numbered = new RegExp("^" + prefix + "-\\d+-");
    rows.forEach(function (row, i) {
      row.querySelectorAll("[name]").forEach(function (el) {
        el.name = el.name.replace(numbered, prefix + "-" + i + "-");
      });
    });
    form.querySelector("[name='" + prefix + "-TOTAL_FORMS']").value = rows.length;
  });
})();
