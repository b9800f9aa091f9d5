// Draws the control charts and peer rankings of performance/includes/spc.html and
// peer_ranking.html. Each chart container names, in data-spc-figure, the json_script element
// that holds its plotly figure ({data, layout, config}), built by performance/spc_charts.py.
// A static file, not an inline script, so the Content Security Policy can forbid inline code.
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-spc-figure"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(container, figure.data, figure.layout, figure.config || {});
  }

  function drawAll() {
    var containers = document.querySelectorAll("[data-spc-figure]");
    for (var i = 0; i < containers.length; i++) {
      draw(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
