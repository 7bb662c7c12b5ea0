// Small chart helpers: #dj-chart gets a pie (or bar with data-kind="bar") from #dj-chart-data ([[label, value], …]).
// Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry style="" attributes,
// which the Content-Security-Policy refuses.
(function () {
  var el = document.getElementById("dj-chart");
  var src = document.getElementById("dj-chart-data");
  if (!el || !src || !window.echarts) return;
  var rows = JSON.parse(src.textContent);
  var chart = echarts.init(el);
  var colors = ["#c8161d", "#e8743b", "#f1b434", "#5b8ff9", "#5ad8a6", "#9270ca", "#8c8c8c"];
  if (el.dataset.kind === "bar") {
    chart.setOption({ color: colors, tooltip: { renderMode: "richText" }, grid: { left: 40, right: 10, bottom: 60, top: 20 },
      xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }), axisLabel: { rotate: 30 } },
      yAxis: { type: "value" }, series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }) }] });
  } else {
    chart.setOption({ color: colors, tooltip: { renderMode: "richText", trigger: "item", formatter: "{b}：{c}（{d}%）" },
      series: [{ type: "pie", radius: ["35%", "70%"], data: rows.map(function (r) { return { name: r[0], value: r[1] }; }) }] });
  }
  window.addEventListener("resize", function () { chart.resize(); });
})();
