// Small page behaviours switched on by data-* attributes, so that templates carry no inline script or event
// handler and the Content-Security-Policy can refuse every inline script (script-src 'self'):
//   data-confirm="问题"   on a form, button or link: asks first; cancelling stops the submit or the click
//   data-once[="文字"]    on a submit button: disabled once its form is sent (a double click sends once);
//                        a value replaces its label meanwhile
//   data-autosubmit      on a select: choosing an option sends its form
//   data-print           on a button: prints the page
//   data-back            on a link: goes back in the browser's history (its href is where to go without one)
//   data-open-all / data-close-all="选择器"   on a button: opens / closes every <details> the selector finds
//   data-open-wide       on a <details>: open on a wide screen (≥ 768 px), folded on a phone
//   data-bar="42.5"      on a progress bar: its width in percent (a style="" attribute would be inline style)
(function () {
  "use strict";

  document.addEventListener("click", function (ev) {
    var asking = ev.target.closest("[data-confirm]");
    if (asking && asking.tagName !== "FORM" && !window.confirm(asking.dataset.confirm)) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      return;
    }
    var el = ev.target.closest("[data-print], [data-back], [data-open-all], [data-close-all]");
    if (!el) return;
    if (el.hasAttribute("data-print")) {
      window.print();
    } else if (el.hasAttribute("data-back")) {
      if (window.history.length > 1) {
        ev.preventDefault();
        window.history.back();
      }
    } else {
      var open = el.hasAttribute("data-open-all");
      document.querySelectorAll(open ? el.dataset.openAll : el.dataset.closeAll).forEach(function (d) {
        d.open = open;
      });
    }
  });

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.dataset.confirm)) {
      ev.preventDefault();
      return;
    }
    // Later, not now: a button disabled during the submit event would drop its own name=value from the form.
    setTimeout(function () {
      if (ev.defaultPrevented) return;
      form.querySelectorAll("[data-once]").forEach(function (b) {
        b.disabled = true;
        if (b.dataset.once) {
          b.dataset.label = b.textContent;
          b.textContent = b.dataset.once;
        }
      });
    }, 0);
  });

  // Coming back to a page kept in the browser's cache: its buttons work again.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    document.querySelectorAll("[data-once]").forEach(function (b) {
      b.disabled = false;
      if (b.dataset.label) b.textContent = b.dataset.label;
    });
  });

  document.addEventListener("change", function (ev) {
    if (ev.target.matches("select[data-autosubmit]") && ev.target.form) ev.target.form.submit();
  });

  function settle(root) {
    if (window.matchMedia("(min-width: 768px)").matches) {
      root.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
    root.querySelectorAll("[data-bar]").forEach(function (bar) {
      var value = parseFloat(bar.dataset.bar);
      bar.style.width = (isNaN(value) ? 0 : Math.max(0, Math.min(100, value))) + "%";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { settle(document); });
  } else {
    settle(document);
  }
  document.addEventListener("htmx:load", function (ev) { settle(ev.detail.elt); });
})();
