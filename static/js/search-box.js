// The search box takes a word or a whole paragraph. With JavaScript, Enter searches (as in
// a one-line box) and Shift+Enter starts a new line; the box grows with its text where the
// browser cannot do that with CSS alone. Without JavaScript the button searches.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("textarea.search-box");
  var grows = typeof CSS !== "undefined" && CSS.supports && CSS.supports("field-sizing", "content");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (box.form.requestSubmit) {
          box.form.requestSubmit();
        } else {
          box.form.submit();
        }
      }
    });
    if (!grows) {
      var fit = function () {
        box.style.height = "auto";
        box.style.height = box.scrollHeight + 2 + "px";
      };
      box.addEventListener("input", fit);
      fit();
    }
  });
})();
