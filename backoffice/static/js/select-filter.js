// Find an option by typing: a filter box above each <select data-filter="label">, and
// above the attendee checkboxes of a review ([data-attendee-picker]) with a live count.
// Without this file the select and the checkboxes work as they are; filtering only hides.
(function () {
  "use strict";
  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function filterBox(className, label) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = className;
    box.autocomplete = "off";
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    return box;
  }
  document.querySelectorAll("select[data-filter]").forEach(function (select) {
    var box = filterBox("select-filter", select.dataset.filter);
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = normalise(box.value).split(/\s+/).filter(Boolean);
      select.querySelectorAll("option").forEach(function (option) {
        var text = normalise(option.textContent);
        var match = !option.value || words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        option.disabled = !match && !option.selected;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault(); // Enter picks the first match instead of submitting the form
      var first = select.querySelector("option:not([hidden]):not([value=''])");
      if (first) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        select.focus();
      }
    });
  });

  // The attendee checkboxes of a review, grouped by function.
  document.querySelectorAll("[data-attendee-picker]").forEach(function (picker) {
    var slot = picker.querySelector(".attendee-filter-slot");
    var count = picker.querySelector("[data-attendee-count]");
    var boxes = picker.querySelectorAll("input[type=checkbox]");
    if (slot) {
      var box = filterBox("attendee-filter", slot.dataset.filterLabel);
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
