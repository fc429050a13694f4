// jiefen hotline desk: Enter in the call's summary saves the work order, as Enter does in the other fields.
// Shift+Enter still starts a new line, and an Enter that confirms a Chinese input method's candidate is left alone.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    if (field && field.matches && field.matches("textarea[data-enter-submits]") && field.form) {
      event.preventDefault();
      if (field.form.requestSubmit) {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }
  });
})();
