// The attendee checkboxes of a review: a filter box above them and a live count.
// Without this file every checkbox is there and works; filtering only hides, never unticks.
(function () {
  "use strict";
  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  document.querySelectorAll("[data-attendee-picker]").forEach(function (picker) {
    var slot = picker.querySelector(".attendee-filter-slot");
    var count = picker.querySelector("[data-attendee-count]");
    var boxes = picker.querySelectorAll("input[type=checkbox]");
    if (slot) {
      var box = document.createElement("input");
      box.type = "search";
      box.className = "attendee-filter";
      box.autocomplete = "off";
      box.placeholder = slot.dataset.filterLabel;
      box.setAttribute("aria-label", slot.dataset.filterLabel);
      slot.appendChild(box);
      box.addEventListener("input", function () {
        var words = normalise(box.value).split(/\s+/).filter(Boolean);
        picker.querySelectorAll("[data-attendee-group]").forEach(function (group) {
          var groupName = normalise(group.querySelector("h3").textContent);
          var shown = 0;
          group.querySelectorAll("[data-attendee-option]").forEach(function (option) {
            var text = groupName + " " + normalise(option.textContent);
            var match = words.every(function (w) { return text.indexOf(w) !== -1; });
            option.hidden = !match;
            if (match) shown += 1;
          });
          group.hidden = shown === 0;
        });
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault(); // typing a name never submits the form
      });
    }
    picker.addEventListener("change", function () {
      if (count) count.textContent = picker.querySelectorAll("input[type=checkbox]:checked").length;
    });
    if (count) count.textContent = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
  });
})();
