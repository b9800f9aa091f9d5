// The quarter's entry grid: as a value is typed, ask the portal how it compares and whether
// anything looks wrong, and show the answer beside it before anything is saved. The answer
// is built with textContent only, so nothing typed can become markup.
(function () {
  "use strict";
  var DELAY_MS = 300;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(output, data) {
    output.textContent = "";
    if (data.error) {
      output.appendChild(element("span", "opcc-check-error", data.error));
      return;
    }
    if (!data.value_text) return;
    var change = data.comparison;
    if (data.assessment) change += " (" + data.assessment.toLowerCase() + ")";
    output.appendChild(element("span", "opcc-change", change));
    if (data.target) output.appendChild(element("span", "opcc-muted", data.target));
    if (data.warnings && data.warnings.length) {
      var list = element("ul", "govuk-list opcc-warnings");
      data.warnings.forEach(function (warning) {
        list.appendChild(element("li", "opcc-warning", warning));
      });
      output.appendChild(list);
    }
  }

  function check(input) {
    var output = document.getElementById(input.getAttribute("data-output"));
    if (!output) return;
    var url = new URL(input.getAttribute("data-check-url"), window.location.href);
    url.searchParams.set("value", input.value);
    var asked = input.value;
    fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (input.value === asked) show(output, data);
      })
      .catch(function () {
        output.textContent = "The check could not be made; the figure will still be checked when saved.";
      });
  }

  document.querySelectorAll("input[data-check-url]").forEach(function (input) {
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { check(input); }, DELAY_MS);
    });
  });
})();
