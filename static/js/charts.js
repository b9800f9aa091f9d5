// Draws every chart on a performance page: each element with data-chart="ID" gets the plotly
// figure held in the JSON script element with that id (made on the server by
// performance/charts.py). The table beside each chart holds the same figures for screen
// readers and for anyone without JavaScript.
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
      window.Plotly.newPlot(element, figure.data, figure.layout, figure.config);
      element.classList.add("opcc-chart--drawn");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
