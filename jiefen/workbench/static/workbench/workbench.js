// jiefen workbench: the little the pages need beyond htmx. Everything works without it, only less neatly.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Phones: the navigation folds behind the menu button.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
  });

  // After htmx swaps a move's form back in with errors (or a refusal), bring it into view.
  document.addEventListener("htmx:afterSwap", function () {
    var shown = document.querySelector(".move-form .field-error, .move-form .notice-error, .move-refused");
    if (shown) {
      shown.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  });
})();
