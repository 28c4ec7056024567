// Search-as-you-type over the company table on /-/prep. Without JavaScript the
// same form filters on the server (?q=), so this only saves a round trip.
(function () {
  var input = document.getElementById("prep-company-filter");
  var table = document.getElementById("prep-companies");
  var count = document.getElementById("prep-company-count");
  if (!input || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var total = count ? count.textContent.replace(/^\d+ of /, "") : "";
  var noMatch = document.getElementById("prep-no-match");
  var companyField = document.getElementById("prep-build-company");
  var mentioned = noMatch ? JSON.parse(noMatch.getAttribute("data-mentioned") || "{}") : {};
  var filled = companyField ? companyField.value : "";
  // The same folding as core/names.py: "Open AI", "open-ai" and "OpenAI" are one name.
  function nameKey(text) { return text.toLowerCase().replace(/[^0-9a-z]+/g, ""); }
  function filter() {
    var typed = input.value.trim().replace(/\s+/g, " ");
    var needle = nameKey(typed);
    var shown = 0;
    rows.forEach(function (row) {
      var match = !needle || row.getAttribute("data-search").indexOf(needle) !== -1;
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (count) count.textContent = shown + " of " + total;
    var wrap = document.getElementById("prep-companies-wrap");
    if (wrap) wrap.hidden = shown === 0;  // no empty table head over the offer below
    if (!noMatch) return;
    var none = Boolean(needle) && shown === 0;
    noMatch.hidden = !none;
    if (none) {
      document.getElementById("prep-no-match-name").textContent = typed;
      var slug = mentioned[needle];
      document.getElementById("prep-no-match-mentioned").hidden = !slug;
      if (slug) document.getElementById("prep-no-match-mentioned-link").href = noMatch.getAttribute("data-prep-page") + encodeURIComponent(slug);
    }
    // Offer the typed name in the build form, unless the visitor has written one there.
    if (companyField && companyField.value === filled) {
      filled = none ? typed : "";
      companyField.value = filled;
    }
  }
  input.addEventListener("input", filter);
  filter();
})();

// Progress on a checklist: ticks live in InterviewPrepStore (prep-store.js),
// one per prep item or question wherever it is shown, never sent to the server.
// Without JavaScript the checkboxes still show and print; only saving needs
// this. The bar and the plan's pace count prep items only; questions
// (input.prep-question) are counted apart.
(function () {
  var PLAN_PREFIX = "datasette-interview-prep:plan:";
  var store = window.InterviewPrepStore;
  var sheet = document.querySelector("[data-checklist-key]");
  var panel = document.getElementById("prep-progress");
  if (!store || !sheet || !panel) return;
  var key = sheet.getAttribute("data-checklist-key");
  var boxes = Array.prototype.slice.call(sheet.querySelectorAll("input.prep-item[data-tick]"));
  var questionBoxes = Array.prototype.slice.call(sheet.querySelectorAll("input.prep-question[data-tick]"));
  var saved = boxes.concat(questionBoxes);
  var questionsText = null;
  var total = boxes.length;
  var pace = JSON.parse(panel.getAttribute("data-pace") || "null");
  var count = document.getElementById("prep-progress-count");
  var paceText = document.getElementById("prep-progress-pace");
  if (questionBoxes.length && count) {
    questionsText = document.createElement("span");
    questionsText.id = "prep-progress-questions";
    count.parentNode.insertBefore(questionsText, count.nextSibling);
  }
  var bar = panel.querySelector(".prep-progress-bar");
  var doneFill = panel.querySelector(".prep-progress-done");
  var paceMark = panel.querySelector(".prep-progress-pace");
  var exportLink = document.getElementById("prep-progress-export");
  var importInput = document.getElementById("prep-progress-import");
  var message = document.getElementById("prep-progress-message");

  function paceStatus(done) {
    if (!pace || !pace.length) return "";
    var today = store.localDay();
    var due = 0, current = null;
    for (var i = 0; i < pace.length; i++) {
      if (pace[i].end < today) due = pace[i].expected;
      else { current = pace[i]; break; }
    }
    if (!current) return done >= total ? "· the plan is done" : "· the plan's last day has passed";
    var row = document.querySelector('.prep-plan-day[data-end="' + current.end + '"]');
    if (row) {
      row.classList.add("prep-plan-today");
      var days = row.querySelector("details");
      if (days) days.open = true;
    }
    var verdict = done >= current.expected ? "ahead of the plan" : done >= due ? "on pace" : "behind the plan (" + due + " were due by now)";
    if (paceMark) {
      paceMark.hidden = false;
      paceMark.style.left = (total ? 100 * current.expected / total : 0) + "%";
      paceMark.title = "The plan: " + current.expected + " done by the end of " + current.label;
    }
    return "· " + verdict + ": the plan has " + current.expected + " done by the end of " + current.label;
  }

  var exportUrl = null;
  function refreshExport() {
    if (!exportLink || !window.Blob || !window.URL) return;
    var body = JSON.stringify(store.exportData(), null, 2);
    if (exportUrl) URL.revokeObjectURL(exportUrl);
    exportUrl = URL.createObjectURL(new Blob([body], {type: "application/json"}));
    exportLink.href = exportUrl;
  }

  function update() {
    var done = boxes.filter(function (box) { return box.checked; }).length;
    var practised = questionBoxes.filter(function (box) { return box.checked; }).length;
    count.textContent = done + " of " + total + " done";
    if (questionsText) questionsText.textContent = " · " + practised + " of " + questionBoxes.length + " questions practised";
    if (paceText) paceText.textContent = paceStatus(done);
    bar.setAttribute("aria-valuenow", String(done));
    bar.setAttribute("aria-valuetext", done + " of " + total + " done");
    doneFill.style.width = (total ? 100 * done / total : 0) + "%";
    refreshExport();
  }

  function apply() {
    var ticks = store.ticks();
    saved.forEach(function (box) { box.checked = Object.prototype.hasOwnProperty.call(ticks, box.getAttribute("data-tick")); });
    update();
  }

  saved.forEach(function (box) {
    box.addEventListener("change", function () {
      store.setTicked(box.getAttribute("data-tick"), box.checked);
      // The same item or question may show twice on a page (two rounds): keep the copies in step.
      apply();
    });
  });

  if (importInput) {
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var data;
        try { data = JSON.parse(reader.result); } catch (e) { data = null; }
        var summary = store.importData(data);
        if (!summary) {
          message.textContent = "That file is not a progress export from these pages.";
          return;
        }
        var others = Object.keys(summary.sections).reduce(function (sum, name) { return sum + summary.sections[name]; }, 0);
        message.textContent = "Imported " + summary.ticks + " new tick" + (summary.ticks === 1 ? "" : "s") +
          (others ? " and " + others + " other saved entr" + (others === 1 ? "y" : "ies") : "") + ".";
        importInput.value = "";
        apply();
      };
      reader.readAsText(file);
    });
  }

  // Remember the plan of this checklist, and offer it back on a visit without one.
  if (store.available) {
    var storage = window.localStorage;
    var params = new URLSearchParams(window.location.search);
    if (pace && (params.get("date") || params.get("weeks"))) {
      storage.setItem(PLAN_PREFIX + key, window.location.search);
    } else if (!pace && storage.getItem(PLAN_PREFIX + key)) {
      var planForm = document.querySelector(".prep-plan-form");
      if (planForm && !planForm.classList.contains("prep-plan-form-invalid")) {
        var back = document.createElement("p");
        var link = document.createElement("a");
        link.href = window.location.pathname + storage.getItem(PLAN_PREFIX + key) + "#plan";
        link.textContent = "Back to your saved plan";
        back.className = "prep-plan-saved";
        back.appendChild(link);
        planForm.parentNode.insertBefore(back, planForm);
      }
    }
  }

  if (!store.available) message.textContent = "This browser does not let the page save ticks (private mode?): they will be lost on reload.";
  panel.hidden = false;
  apply();
})();
