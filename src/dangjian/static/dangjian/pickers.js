// Long selects become search-as-you-type (Tom Select): by name, and by the pinyin initials the server put
// on each option (data-initials, "wjh" finds 王建华). The original <select> stays in the form and is
// what the browser submits. Short selects (no data-picker) stay native.
//
// data-picker="remote" (an organization filter, core/org_options.py): the page holds only the chosen option;
// the others are asked from data-url as the person types (the server matches names and pinyin initials, and
// answers only what the user may see). Focusing the box lists the top of the user's tree.
(function () {
  function remoteSettings(el) {
    var url = el.dataset.url;
    var answer = {query: null, values: {}};  // the server's last answer: which options match which typing
    return {
      valueField: "value",
      labelField: "text",
      allowEmptyOption: true,
      maxOptions: null,
      preload: "focus",
      loadThrottle: 250,
      closeAfterSelect: true,
      onItemAdd: function () { this.setTextboxValue(""); this.blur(); },  // show the chosen name, not the typing
      shouldLoad: function () { return true; },  // an empty box asks too: the top of the user's tree
      // The server has matched (pinyin included): show exactly its answer for what is typed now.
      score: function (query) {
        return function (item) {
          return answer.query === query && answer.values[String(item.value)] ? 1 : 0;
        };
      },
      load: function (query, callback) {
        var self = this;
        fetch(url + "?q=" + encodeURIComponent(query), {credentials: "same-origin", headers: {Accept: "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (data) {
            if (query !== self.inputValue()) { callback(); return; }  // overtaken by later typing
            answer = {query: query, values: {}};
            data.results.forEach(function (o) { answer.values[String(o.value)] = true; });
            // Keep the chosen option and 全部; drop the previous answer's options.
            self.clearOptions(function (option, value) { return value === "" || self.items.indexOf(value) >= 0; });
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return '<div class="no-results">没有匹配的组织</div>'; },
        loading: function () { return '<div class="no-results">正在查找…</div>'; },
      },
    };
  }

  function localSettings(el) {
    var multiple = el.multiple;
    return {
      searchField: ["text", "initials"],
      maxOptions: null,
      allowEmptyOption: !multiple,
      hidePlaceholder: false,
      placeholder: multiple ? "输入姓名、名称或拼音首字母" : undefined,
      plugins: multiple ? {remove_button: {title: "移除"}} : {},
      // Closed after each pick so the list never covers the form's buttons; typing the next name reopens it.
      closeAfterSelect: true,
      // Filter on every keystroke: the options are on the page, so there is nothing to throttle, and a throttled
      // refresh still pending when an option is picked (a quick pick after the first letter) reopened the full
      // list over the form's buttons.
      refreshThrottle: 0,
      onItemAdd: function () { this.setTextboxValue(""); },
      render: {
        no_results: function () { return '<div class="no-results">没有匹配的选项</div>'; },
      },
    };
  }

  function enhance(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-picker]").forEach(function (el) {
      if (el.tomselect) return;
      new TomSelect(el, el.dataset.picker === "remote" ? remoteSettings(el) : localSettings(el));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (ev) { enhance(ev.detail.elt); });
})();
