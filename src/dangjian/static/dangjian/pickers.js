// Long selects become search-as-you-type (Tom Select): by name, and by the pinyin initials the server put
// on each option (data-initials, "wjh" finds 王建华). The original <select> stays in the form and is
// what the browser submits. Short selects (no data-picker) stay native.
(function () {
  function enhance(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-picker]").forEach(function (el) {
      if (el.tomselect) return;
      var multiple = el.multiple;
      new TomSelect(el, {
        searchField: ["text", "initials"],
        maxOptions: null,
        allowEmptyOption: !multiple,
        hidePlaceholder: false,
        placeholder: multiple ? "输入姓名、名称或拼音首字母" : undefined,
        plugins: multiple ? {remove_button: {title: "移除"}} : {},
        // Closed after each pick so the list never covers the form's buttons; typing the next name reopens it.
        closeAfterSelect: true,
        onItemAdd: function () { this.setTextboxValue(""); },
        render: {
          no_results: function () { return '<div class="no-results">没有匹配的选项</div>'; },
        },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (ev) { enhance(ev.detail.elt); });
})();
