// Draws the finance dashboard's charts from the JSON the page carries (finance.selectors.chart_data).
// The tables beside each chart hold the same figures as text; the charts only illustrate them.
(function () {
  "use strict";
  var source = document.getElementById("finance-chart-data");
  if (!source || typeof Plotly === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f"];
  var font = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size: 14, color: "#0b0c0c" };
  var config = { displayModeBar: false, responsive: true };

  function money(value) {
    return "£" + value.toFixed(3) + "m";
  }

  function draw(id, traces, layout) {
    var node = document.getElementById(id);
    if (!node) {
      return;
    }
    Plotly.newPlot(node, traces, Object.assign({ font: font, margin: { t: 30, r: 10, b: 40, l: 60 } }, layout), config);
  }

  // A waterfall as stacked bars: an invisible base lifts each rise or fall to the running total.
  function waterfall(w) {
    if (!w.labels.length) {
      return;
    }
    var low = Infinity;
    var high = 0;
    w.labels.forEach(function (_, i) {
      var top = w.base[i] + w.rise[i] + w.fall[i] + w.total[i];
      var bottom = w.total[i] ? w.total[i] : w.base[i];
      low = Math.min(low, bottom);
      high = Math.max(high, top);
    });
    var pad = Math.max((high - low) * 0.25, 1);
    var hover = function (values) {
      return values.map(function (v) { return v ? money(v) : ""; });
    };
    draw("chart-waterfall", [
      { type: "bar", name: "", x: w.labels, y: w.base, marker: { color: "rgba(0,0,0,0)" }, hoverinfo: "skip", showlegend: false },
      { type: "bar", name: "Total", x: w.labels, y: w.total, marker: { color: "#003078" }, text: hover(w.total), hoverinfo: "text+name" },
      { type: "bar", name: "Cost pressure", x: w.labels, y: w.rise, marker: { color: "#1d70b8" }, text: hover(w.rise), hoverinfo: "text+name" },
      { type: "bar", name: "Saving", x: w.labels, y: w.fall, marker: { color: "#f47738" }, text: hover(w.fall), hoverinfo: "text+name" }
    ], {
      barmode: "stack",
      height: 420,
      textposition: "none",
      yaxis: { title: { text: "£m" }, range: [Math.floor(low - pad), Math.ceil(high + pad / 2)], gridcolor: "#e5e5e5" },
      xaxis: { tickangle: -30, automargin: true },
      legend: { orientation: "h", y: 1.12 },
      margin: { t: 40, r: 10, b: 10, l: 60 }
    });
  }

  function funding(f) {
    if (!f.labels.length) {
      return;
    }
    draw("chart-funding", [{
      type: "pie",
      labels: f.labels,
      values: f.values,
      hole: 0.45,
      sort: false,
      marker: { colors: colours },
      texttemplate: "%{percent:.1%}",
      hovertemplate: "%{label}: £%{value:.3f}m (%{percent:.1%})<extra></extra>",
      textposition: "auto",
      insidetextfont: { color: "#ffffff" }
    }], {
      height: 380,
      showlegend: true,
      legend: { orientation: "h", x: 0, y: -0.08 },
      margin: { t: 20, r: 20, b: 20, l: 20 }
    });
  }

  function frontline(f) {
    if (!f.labels.length) {
      return;
    }
    // Two-line tick labels, so "Frontline support" is not cut short under its bar.
    var labels = f.labels.map(function (label) { return label.replace(" ", "<br>"); });
    var traces = [];
    if (f.previous_year && f.previous.some(function (v) { return v !== null; })) {
      traces.push({ type: "bar", name: f.previous_year, x: labels, y: f.previous, marker: { color: "#b1b4b6" }, hovertemplate: "%{x}: £%{y:.1f}m<extra>" + f.previous_year + "</extra>" });
    }
    traces.push({ type: "bar", name: data.year, x: labels, y: f.values, marker: { color: "#1d70b8" }, hovertemplate: "%{x}: £%{y:.1f}m<extra>" + data.year + "</extra>" });
    draw("chart-frontline", traces, {
      barmode: "group",
      height: 360,
      xaxis: { tickangle: 0 },
      yaxis: { title: { text: "£m" }, gridcolor: "#e5e5e5", rangemode: "tozero" },
      legend: { orientation: "h", y: 1.12 }
    });
  }

  waterfall(data.waterfall);
  funding(data.funding);
  frontline(data.frontline);
})();
