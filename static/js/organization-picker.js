// Suggest public bodies while a person types in a field marked data-organization-search
// (networks/pickers.py). Without this script the server matches the typed text itself.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function enhance(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var url = input.getAttribute("data-organization-search");
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (query.length < 2 || query === last) return;
      timer = window.setTimeout(function () {
        last = query;
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            if (input.value.trim() !== query) return;
            list.replaceChildren();
            data.results.forEach(function (body) {
              var option = document.createElement("option");
              option.value = body.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-organization-search]").forEach(enhance);
})();
