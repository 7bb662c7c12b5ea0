// 数据看板: draws each [data-chart] element from the JSON the server put in #dj-dash-data (json_script),
// with the vendored ECharts. The numbers are the server's; this file only lays them out. On the
// meeting-room screen it also refreshes the board in place (a reload would leave full screen). Tooltips are
// drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style="", which the CSP refuses.
(function () {
  "use strict";
  var PALETTE = ["#c8161d", "#f1a12b", "#3b82f6", "#16a34a", "#9270ca", "#0ea5e9"];
  var TONES = { total: "#64748b", good: "#16a34a", doing: "#3b82f6", late: "#dc2626", open: "#f59e0b",
                closed: "#94a3b8" };  // ledger states (the server names each category's tone)
  var charts = [];

  function isScreen() { return document.body.classList.contains("dj-screen"); }

  function look() {
    if (isScreen()) {
      return { text: "#e5e7eb", muted: "#cbd5e1", split: "#24324f", font: 18, small: 16,
               palette: ["#ff6b6b", "#ffd166", "#4cc9f0", "#7bd88f", "#c77dff", "#f4a261"], other: "#ffd166" };
    }
    return { text: "#1f2937", muted: "#374151", split: "#e5e7eb", font: 16, small: 15, palette: PALETTE,
             other: "#f1a12b" };
  }

  function fmt(value, unit) {
    if (value === null || value === undefined) return "—";
    var text = Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
    return unit === "%" ? text + "%" : text;
  }

  function legend(spec, t) {
    return spec.series.length > 1 ? { top: 0, left: 0, itemGap: 16, textStyle: { color: t.text, fontSize: t.small } }
                                   : { show: false };
  }

  // Room the legend takes above the plot: ECharts wraps it but does not move the plot down for it.
  function legendHeight(spec, t, width) {
    if (spec.series.length < 2) return 0;
    var line = 0, lines = 1;
    spec.series.forEach(function (s) {
      var w = s.name.length * t.small + 46;
      if (line + w > width && line > 0) { lines += 1; line = 0; }
      line += w;
    });
    return lines * (t.small + 12);
  }

  function labelWidth() {
    if (isScreen()) return 132;
    return window.innerWidth < 576 ? 92 : 128;
  }

  function hbar(spec, t, width) {
    var single = spec.series.length === 1;
    var unit = spec.series.length ? spec.series[0].unit : "";
    var gutter = labelWidth();
    return {
      color: t.palette,
      textStyle: { fontSize: t.font },
      tooltip: { renderMode: "richText", trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontSize: t.small },
                 valueFormatter: function (v) { return fmt(v, unit) + (unit && unit !== "%" ? " " + unit : ""); } },
      legend: legend(spec, t),
      // The label gutter is fixed: containLabel misjudges wrapped or truncated labels and clips them.
      grid: { left: gutter + 10, right: 58, top: legendHeight(spec, t, width) + 6, bottom: t.small + 14 },
      xAxis: { type: "value", max: spec.percent ? 100 : null, splitNumber: width < 420 ? 3 : 5,
               interval: spec.percent ? (width < 420 ? 50 : 25) : null,
               splitLine: { lineStyle: { color: t.split } },
               axisLabel: { color: t.muted, fontSize: t.small, hideOverlap: true,
                            formatter: function (v) { return fmt(v, unit); } } },
      yAxis: { type: "category", inverse: true, data: spec.categories,
               axisLabel: { color: t.text, fontSize: t.font, width: gutter, overflow: "truncate", ellipsis: "…" } },
      series: spec.series.map(function (s) {
        return {
          type: "bar", name: s.name, barMaxWidth: 26, barGap: "15%",
          label: { show: true, position: "right", color: t.text, fontSize: t.small,
                   formatter: function (p) { return fmt(p.value, s.unit); } },
          labelLayout: { hideOverlap: true },
          data: s.data.map(function (v, i) {
            var color = single && spec.tones.length ? TONES[spec.tones[i]] : null;
            if (single && spec.highlight.indexOf(spec.categories[i]) >= 0) color = t.other;
            return color ? { value: v, itemStyle: { color: color } } : v;
          })
        };
      })
    };
  }

  function months(spec, t, width) {
    var line = spec.kind === "line";
    var roomy = width / Math.max(1, spec.categories.length) >= 44;  // room for a figure over each bar
    var unit = spec.series.length ? spec.series[0].unit : "";
    return {
      color: t.palette,
      textStyle: { fontSize: t.font },
      tooltip: { renderMode: "richText", trigger: "axis", textStyle: { fontSize: t.small } },
      legend: legend(spec, t),
      grid: { left: 4, right: 16, top: legendHeight(spec, t, width) + 24, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: spec.categories, boundaryGap: !line,
               axisLabel: { color: t.text, fontSize: t.small } },
      yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: t.split } },
               axisLabel: { color: t.muted, fontSize: t.small } },
      series: spec.series.map(function (s) {
        return line ? { type: "line", name: s.name, data: s.data, symbolSize: 9, lineStyle: { width: 3 } }
                    : { type: "bar", name: s.name, data: s.data, barMaxWidth: 32,
                        labelLayout: { hideOverlap: true },
                        label: { show: roomy, position: "top", color: t.text, fontSize: t.small,
                                 formatter: function (p) { return p.value ? fmt(p.value, unit) : ""; } } };
      })
    };
  }

  function height(spec, t, width) {
    if (spec.kind !== "hbar") return 340;
    var per = Math.max(1, spec.series.length) * 24 + 14;
    return Math.max(240, spec.categories.length * per + legendHeight(spec, t, width) + t.small + 24);
  }

  function draw(root) {
    var src = root.querySelector("#dj-dash-data");
    if (!src || !window.echarts) return;
    var data = JSON.parse(src.textContent);
    var t = look();
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = data[el.getAttribute("data-chart")];
      if (!spec) return;
      var width = el.clientWidth || 320;
      if (!isScreen()) el.style.height = height(spec, t, width) + "px";
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(spec.kind === "hbar" ? hbar(spec, t, width) : months(spec, t, width));
      charts.push(chart);
    });
  }

  function resize() { charts.forEach(function (c) { c.resize(); }); }

  window.addEventListener("resize", resize);
  document.addEventListener("shown.bs.tab", resize);  // a chart drawn in a hidden pane needs its size again

  // Meeting-room screen: full-screen button and an in-place refresh.
  var button = document.getElementById("dj-fullscreen");
  if (button) {
    button.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
    });
    document.addEventListener("fullscreenchange", function () {
      button.querySelector("span").textContent = document.fullscreenElement ? "退出全屏" : "全屏";
      setTimeout(resize, 200);
    });
  }

  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("signed out or failed");
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("dj-screen");
        var page = document.getElementById("dj-screen");
        if (!fresh || !page) throw new Error("no board in the answer");
        charts.forEach(function (c) { c.dispose(); });
        charts = [];
        page.querySelector(".dj-screen-cards").replaceWith(fresh.querySelector(".dj-screen-cards"));
        page.querySelector(".dj-screen-grid").replaceWith(fresh.querySelector(".dj-screen-grid"));
        page.querySelector("#dj-dash-data").replaceWith(fresh.querySelector("#dj-dash-data"));
        page.querySelector("[data-testid=updated]").replaceWith(fresh.querySelector("[data-testid=updated]"));
        draw(page);
      })
      .catch(function () { window.location.reload(); });  // shows the login page if the session ended
  }

  var seconds = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
  if (isScreen() && seconds > 0) setInterval(refresh, seconds * 1000);

  draw(document);
})();
