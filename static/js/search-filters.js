// The search page (/anskaffelser/), when JavaScript runs:
// - a filter box applies as soon as it is ticked (the buttons stay for everyone else);
// - fields left empty (fra_aar=, til_aar=) are not written into the address;
// - after the page reloads, focus returns to the box that was ticked.
(function () {
  "use strict";

  var FOCUS_KEY = "ioa-filter-focus";

  function dropEmptyFields(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.type === "checkbox" || field.type === "radio") {
        return;
      }
      if (field.value.trim() === "") {
        field.disabled = true; // a disabled field is not sent
        field.setAttribute("data-dropped", "");
      }
    });
  }

  document.querySelectorAll('form[method="get"]').forEach(function (form) {
    form.addEventListener("submit", function () {
      dropEmptyFields(form);
    });
  });

  // Back to this page from the next one (bfcache): the dropped fields work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-dropped]").forEach(function (field) {
      field.disabled = false;
      field.removeAttribute("data-dropped");
    });
  });

  var filters = document.querySelector(".facets .filter-form");
  if (!filters) {
    return;
  }
  var note = filters.querySelector(".filters-apply-now");
  if (note) {
    note.hidden = false;
  }
  filters.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox") {
      return; // a year is chosen with the button: arrow keys in a list must not reload
    }
    try {
      sessionStorage.setItem(FOCUS_KEY, box.id);
    } catch (e) {
      // storage refused: the page still applies the filter
    }
    if (filters.requestSubmit) {
      filters.requestSubmit();
    } else {
      dropEmptyFields(filters);
      filters.submit();
    }
  });

  var focusId = null;
  try {
    focusId = sessionStorage.getItem(FOCUS_KEY);
    sessionStorage.removeItem(FOCUS_KEY);
  } catch (e) {
    focusId = null;
  }
  var box = focusId && document.getElementById(focusId);
  if (box) {
    box.focus();
  }
})();
