// Draws the funds dashboard's bar chart of the amount awarded by fund, from the JSON the page
// carries. The table under the chart holds the same figures as text.
(function () {
  "use strict";
  var source = document.getElementById("funds-chart-data");
  var node = document.getElementById("chart-funds");
  if (!source || !node || typeof Plotly === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.labels.length) {
    return;
  }
  var labels = data.labels.slice().reverse();
  var values = data.values.slice().reverse();
  Plotly.newPlot(node, [{
    type: "bar",
    orientation: "h",
    x: values,
    y: labels,
    marker: { color: "#1d70b8" },
    text: values.map(function (v) { return "£" + Math.round(v).toLocaleString("en-GB"); }),
    textposition: "outside",
    cliponaxis: false,
    hovertemplate: "%{y}: %{text}<extra></extra>"
  }], {
    font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size: 14, color: "#0b0c0c" },
    height: Math.max(260, 40 * labels.length + 80),
    margin: { t: 10, r: 90, b: 40, l: 10 },
    xaxis: { title: { text: "Awarded (£)" }, gridcolor: "#e5e5e5", rangemode: "tozero" },
    yaxis: { automargin: true }
  }, { displayModeBar: false, responsive: true });
})();
