// Bar chart of registered persons per community on the home page (data from the server, no fetch).
(function () {
  var el = document.getElementById("dj-home-chart");
  var data = document.getElementById("dj-home-data");
  if (!el || !data || !window.echarts) return;
  var rows = JSON.parse(data.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#c8161d"],
    tooltip: { renderMode: "richText" },  // on the canvas: HTML tooltips carry style="", which the CSP refuses
    grid: { left: 40, right: 10, bottom: 60, top: 20 },
    xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },  // people are counted in whole numbers
    series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }) }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
