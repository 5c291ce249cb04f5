// Save reflections as the learner types; the Save button still works without script.
(function () {
  "use strict";
  if (window.academyAutosave) return;
  window.academyAutosave = true;
  function init() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var field = form.querySelector("textarea");
      var status = form.querySelector("[data-autosave-status]");
      var timer = null;
      function save() {
        status.textContent = "Saving…";
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            if (!response.ok) throw new Error("save failed");
            return response.json();
          })
          .then(function () {
            status.textContent = "Saved " + new Date().toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
          })
          .catch(function () {
            status.textContent = "Not saved yet: use the Save button.";
          });
      }
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(save, 1500);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
