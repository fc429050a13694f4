// jiefen mediation: a session form shows the place for the modes that meet somewhere and the video link for a video
// session. Without this script both fields show, and the server says which one the chosen mode needs.
(function () {
  "use strict";

  function sync(form) {
    var mode = form.querySelector("select[data-session-mode]");
    if (!mode) {
      return;
    }
    form.querySelectorAll("[data-modes]").forEach(function (input) {
      var shown = input.getAttribute("data-modes").split(" ").indexOf(mode.value) !== -1;
      // Not the hidden attribute: the workbench's stylesheet gives every .field a display of its own.
      (input.closest(".field") || input).style.display = shown ? "" : "none";
    });
  }

  function syncAll() {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("select[data-session-mode]")) {
        sync(form);
      }
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-session-mode]") && event.target.form) {
      sync(event.target.form);
    }
  });
  // The sessions panel comes back from htmx after each change: its forms start over.
  document.addEventListener("htmx:afterSwap", syncAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", syncAll);
  } else {
    syncAll();
  }
})();
