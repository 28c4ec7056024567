// The practice loop (/-/prep/{company}/practice) and the today view
// (/-/prep/{company}/today). Without JavaScript both pages still read: the
// run lists its questions with the outlines folded, the today view says why
// its reviews need a browser.
//
// A run: Start -> for each round with a question: its countdown (the round's
// length), a notes box, "Reveal the outline", then a self-grade (again / hard
// / good / easy, scheduled by reviews.js) and the next round. Focus follows:
// the round's heading when it starts, the outline when it is revealed, the
// "Run finished" heading at the end. State is kept only in InterviewPrepStore:
// section "practice-notes" ({"<question id>": {question, company, seed,
// round, text, started (ISO), updated (ISO)}}) and the reviews; a reload
// resumes at the first round not graded since the run started, with its
// notes and what is left of its time.
(function () {
  var store = window.InterviewPrepStore;
  var reviews = window.InterviewPrepReviews;
  var NOTES = "practice-notes";

  function notesSection() { return store.section(NOTES); }
  function noteOf(id) { return notesSection().read()[id] || null; }
  function saveNote(id, changes) {
    var section = notesSection();
    var notes = section.read();
    var note = notes[id] || {};
    Object.keys(changes).forEach(function (key) { note[key] = changes[key]; });
    note.updated = new Date().toISOString();
    notes[id] = note;
    section.write(notes);
  }
  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function markdownText(text) { return String(text || "").replace(/([\\`*\[\]<>])/g, "\\$1"); }

  function practice(article) {
    var panel = document.getElementById("practice-panel");
    var status = document.getElementById("practice-status");
    var startButton = document.getElementById("practice-start");
    var done = document.getElementById("practice-done");
    var exportLink = document.getElementById("practice-notes-export");
    var company = article.getAttribute("data-company");
    var seed = article.getAttribute("data-seed");
    var filename = article.getAttribute("data-notes-filename");
    var interview = reviews.interviewDate(article);
    var rounds = Array.prototype.slice.call(article.querySelectorAll(".practice-round"));
    var practised = rounds.filter(function (round) { return round.hasAttribute("data-question-id"); });
    var timer = null;
    var current = -1;
    var exportUrl = null;

    function info(round) {
      return {
        question: round.getAttribute("data-question"),
        company: company,
        round_type_label: round.getAttribute("data-round-label"),
        interview_date: interview
      };
    }
    // Graded since this question's round was started in a run: done, even after a reload.
    function isDone(round) {
      var id = round.getAttribute("data-question-id");
      var note = noteOf(id);
      var review = reviews.all()[id];
      return !!(note && note.seed === seed && note.started && review && review.graded_at >= note.started);
    }
    function refreshExport() {
      if (!exportLink || !window.Blob || !window.URL) return;
      var lines = ["# Practice run: " + markdownText(document.title), "", "Seed " + seed + ", " + new Date().toISOString().slice(0, 10), ""];
      practised.forEach(function (round) {
        var id = round.getAttribute("data-question-id");
        var note = noteOf(id);
        var review = reviews.all()[id];
        lines.push("## " + markdownText(round.querySelector(".practice-round-heading").textContent), "");
        lines.push("**" + markdownText(round.getAttribute("data-question")) + "**", "");
        lines.push(note && note.text ? note.text : "(no notes)", "");
        if (review) lines.push("Graded " + review.rating + "; next review " + review.due + ".", "");
      });
      if (exportUrl) URL.revokeObjectURL(exportUrl);
      exportUrl = URL.createObjectURL(new Blob([lines.join("\n")], {type: "text/markdown"}));
      exportLink.href = exportUrl;
      exportLink.setAttribute("download", filename);
    }
    function stopTimer() {
      if (timer) window.clearInterval(timer);
      timer = null;
    }
    function startTimer(round) {
      stopTimer();
      var id = round.getAttribute("data-question-id");
      var total = Number(round.getAttribute("data-minutes")) * 60;
      var started = Date.parse(noteOf(id).started);
      var face = round.querySelector(".practice-clock");
      var note = round.querySelector(".practice-timer-note");
      function tick() {
        var left = Math.max(0, total - Math.floor((Date.now() - started) / 1000));
        face.textContent = clock(left);
        if (left === 0) {
          stopTimer();
          round.classList.add("practice-time-up");
          note.textContent = "Time is up: finish your thought, then reveal the outline.";
        }
      }
      tick();
      timer = window.setInterval(tick, 1000);
    }
    function show(index, message) {
      var before = message ? message + " " : "";
      stopTimer();
      rounds.forEach(function (round) { round.hidden = true; });
      current = index;
      if (index >= practised.length) {
        done.hidden = false;
        status.textContent = before + "All " + practised.length + " questions done.";
        refreshExport();
        done.querySelector("h2").focus();
        return;
      }
      var round = practised[index];
      var id = round.getAttribute("data-question-id");
      round.hidden = false;
      round.querySelector(".practice-controls").hidden = false;
      var details = round.querySelector(".practice-outline");
      var after = round.querySelector(".practice-after");
      if (details) { details.hidden = true; details.open = false; }
      after.hidden = true;
      var note = noteOf(id);
      if (!note || !note.started || note.seed !== seed) {
        saveNote(id, {question: round.getAttribute("data-question"), company: company, seed: seed,
          round: round.querySelector(".practice-round-heading").textContent, started: new Date().toISOString()});
      }
      var box = round.querySelector(".practice-notes");
      box.value = (noteOf(id) || {}).text || "";
      status.textContent = before + "Question " + (index + 1) + " of " + practised.length + ".";
      startTimer(round);
      round.querySelector(".practice-round-heading").focus();
    }
    function reveal(round) {
      stopTimer();
      var details = round.querySelector(".practice-outline");
      round.querySelector(".practice-after").hidden = false;
      round.querySelector(".practice-reveal").disabled = true;
      if (details) {
        details.hidden = false;
        details.open = true;
        details.querySelector(".practice-outline-body").focus();
      } else {
        round.querySelector(".practice-grade button").focus();
      }
    }

    practised.forEach(function (round, index) {
      var id = round.getAttribute("data-question-id");
      var box = round.querySelector(".practice-notes");
      box.addEventListener("input", function () {
        saveNote(id, {text: box.value.slice(0, 20000)});
        refreshExport();
      });
      round.querySelector(".practice-reveal").addEventListener("click", function (event) {
        // Datasette 0.65's base.html closes every open <details> a click lands outside of: not this one.
        event.stopPropagation();
        reveal(round);
      });
      Array.prototype.forEach.call(round.querySelectorAll("[data-rating]"), function (button) {
        button.addEventListener("click", function () {
          var review = reviews.grade(id, button.getAttribute("data-rating"), info(round));
          round.querySelector(".practice-reveal").disabled = false;
          show(index + 1, "Graded " + review.rating + ": it comes back on " + review.due + ".");
        });
      });
    });
    startButton.addEventListener("click", function () {
      startButton.parentNode.hidden = true;
      document.getElementById("practice-export").hidden = false;
      var next = 0;
      while (next < practised.length && isDone(practised[next])) next += 1;
      show(next);
    });

    rounds.forEach(function (round) { round.hidden = true; });
    var finished = practised.filter(isDone).length;
    var minutes = practised.reduce(function (sum, round) { return sum + Number(round.getAttribute("data-minutes")); }, 0);
    if (!practised.length) {
      status.textContent = "The bank has no question for this loop.";
      startButton.parentNode.hidden = true;
    } else if (finished === practised.length) {
      status.textContent = "You have done this run: every question is graded.";
      startButton.textContent = "See the run's end";
    } else if (finished || practised.some(function (round) { var note = noteOf(round.getAttribute("data-question-id")); return note && note.seed === seed && note.started; })) {
      status.textContent = finished + " of " + practised.length + " questions done.";
      startButton.textContent = "Continue the run";
    } else {
      status.textContent = practised.length + " questions, about " + minutes + " minutes. They show one at a time.";
    }
    if (!store.available) status.textContent += " This browser does not let the page save (private mode?): grades and notes will be lost on reload.";
    refreshExport();
    panel.hidden = false;
  }

  function today(article) {
    var list = document.getElementById("today-reviews");
    var status = document.getElementById("today-reviews-status");
    var company = article.getAttribute("data-company");
    var template = article.getAttribute("data-question-url");
    var interview = reviews.interviewDate(article);
    var day = reviews.dayOf(new Date());

    function render(message) {
      var due = reviews.dueOn(day, company);
      var elsewhere = reviews.dueOn(day, null).length - due.length;
      list.textContent = "";
      due.forEach(function (pair) {
        var id = pair[0];
        var review = pair[1];
        var item = document.createElement("li");
        item.className = "today-review";
        var link = document.createElement("a");
        link.href = template.replace("__id__", encodeURIComponent(id));
        link.textContent = review.question || id;
        var facts = document.createElement("span");
        facts.className = "prep-muted";
        facts.textContent = " " + (review.round_type_label ? review.round_type_label + " · " : "") + "last graded " + review.rating + " on " + String(review.graded_at).slice(0, 10) + (review.due < day ? " · due since " + review.due : "");
        var group = document.createElement("div");
        group.className = "today-grade";
        group.setAttribute("role", "group");
        group.setAttribute("aria-label", "Grade your review of: " + (review.question || id));
        reviews.ratings.forEach(function (rating) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "practice-button";
          button.textContent = rating.charAt(0).toUpperCase() + rating.slice(1);
          button.addEventListener("click", function () {
            var next = reviews.grade(id, rating, {interview_date: interview});
            render("Graded " + rating + ": it comes back on " + next.due + ".");
            status.focus();
          });
          group.appendChild(button);
        });
        item.appendChild(link);
        item.appendChild(facts);
        item.appendChild(group);
        list.appendChild(item);
      });
      var text = due.length ? due.length + (due.length === 1 ? " question is" : " questions are") + " due for review." : "No review is due today.";
      if (elsewhere > 0) text += " " + elsewhere + " more for other companies.";
      if (!store.available) text += " This browser does not let the page save (private mode?).";
      status.textContent = (message ? message + " " : "") + text;
    }
    status.setAttribute("tabindex", "-1");
    render();
  }

  if (!store || !reviews || !window.FSRS) return;
  var practiceArticle = document.getElementById("practice");
  if (practiceArticle) practice(practiceArticle);
  var todayArticle = document.getElementById("practice-today");
  if (todayArticle) today(todayArticle);
})();
