// Ticks on pages that list questions without a checklist's progress panel (the question bank,
// a company with no reported loop): each input[data-tick] is kept in InterviewPrepStore
// (prep-store.js, loaded first), the same tick wherever the question shows. On a checklist
// page prep.js does this, with the progress bar.
(function () {
  var store = window.InterviewPrepStore;
  if (!store || document.getElementById("prep-progress")) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-tick]"));
  function apply() {
    var ticks = store.ticks();
    boxes.forEach(function (box) {
      box.checked = Object.prototype.hasOwnProperty.call(ticks, box.getAttribute("data-tick"));
    });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      store.setTicked(box.getAttribute("data-tick"), box.checked);
      apply();
    });
  });
  apply();
})();
