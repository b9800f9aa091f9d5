// Draws every chart on a page: each element with data-chart="ID" gets the plotly figure
// ({data, layout, config}) held in the JSON script element with that id, built on the server
// by pcc_portal/charts.py. The table beside each chart holds the same figures for screen
// readers and for anyone without JavaScript. A static file, not an inline script, so the
// Content Security Policy can forbid inline code.
(function () {
  "use strict";

  function draw() {
    if (!window.Plotly) {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(element, figure.data, figure.layout, figure.config || {});
      element.classList.add("opcc-chart--drawn");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
