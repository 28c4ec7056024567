// Reviews spaced to the interview date. A question graded in a practice run
// (again / hard / good / easy) is scheduled with FSRS (ts-fsrs, vendored in
// vendor/, window.FSRS), by whole days (no same-day learning steps, no fuzz),
// and its next review is never after the day before the interview: a due
// day past that is brought back to it (to today at the earliest).
//
// State lives only in InterviewPrepStore (prep-store.js), section "reviews":
// {"<question id>": {question, company, round_type_label, rating, graded_at
// (ISO time), due (YYYY-MM-DD, capped), fsrs_due (ISO, uncapped),
// interview_date, reps, card (the FSRS card, dates as ISO)}}. An import keeps
// the later review of each question (register("reviews", merge)). Nothing is
// sent to the server.
(function () {
  var store = window.InterviewPrepStore;
  if (!store) return;
  var SECTION = "reviews";
  var RATINGS = {again: 1, hard: 2, good: 3, easy: 4};
  var PLAN_PREFIX = "datasette-interview-prep:plan:";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function dayOf(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }
  function addDays(day, days) {
    var parts = day.split("-");
    var date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]) + days);
    return dayOf(date);
  }
  function validDay(day) { return typeof day === "string" && /^\d{4}-\d{2}-\d{2}$/.test(day); }

  // The due day FSRS gives, capped: at the latest the day before the interview, at the earliest today.
  // No cap without an interview date, or once the interview is today or past.
  function capDue(dueDay, today, interviewDay) {
    if (!validDay(interviewDay) || interviewDay <= today) return dueDay;
    var last = addDays(interviewDay, -1);
    if (dueDay <= last) return dueDay;
    return last < today ? today : last;
  }

  // Keeps the later review of each question: the one graded last.
  function merge(current, incoming) {
    var changed = 0;
    Object.keys(incoming).forEach(function (id) {
      var review = incoming[id];
      if (!review || typeof review !== "object" || typeof review.graded_at !== "string") return;
      var mine = current[id];
      if (!mine || typeof mine.graded_at !== "string" || review.graded_at > mine.graded_at) {
        current[id] = review;
        changed += 1;
      }
    });
    return changed;
  }
  store.register(SECTION, merge);

  // The interview date: the page's (?date=), else the plan saved for this checklist by prep.js (read only).
  function interviewDate(element) {
    var given = element && element.getAttribute("data-interview-date");
    if (validDay(given)) return given;
    var key = element && element.getAttribute("data-checklist-key");
    if (!key || !store.available) return null;
    try {
      var saved = window.localStorage.getItem(PLAN_PREFIX + key);
      var day = saved ? new URLSearchParams(saved).get("date") : null;
      return validDay(day) ? day : null;
    } catch (e) {
      return null;
    }
  }

  function scheduler() {
    return window.FSRS.fsrs({enable_fuzz: false, enable_short_term: false});
  }
  function restoreCard(card, now) {
    if (!card || typeof card !== "object") return window.FSRS.createEmptyCard(now);
    var copy = {};
    Object.keys(card).forEach(function (key) { copy[key] = card[key]; });
    copy.due = new Date(card.due);
    copy.last_review = card.last_review ? new Date(card.last_review) : undefined;
    if (isNaN(copy.due.getTime())) return window.FSRS.createEmptyCard(now);
    return copy;
  }
  function storeCard(card) {
    var copy = {};
    Object.keys(card).forEach(function (key) {
      var value = card[key];
      copy[key] = value instanceof Date ? value.toISOString() : value;
    });
    return copy;
  }

  // Grade a question; returns its review. `info`: {question, company, round_type_label, interview_date}.
  function grade(questionId, rating, info, now) {
    if (!Object.prototype.hasOwnProperty.call(RATINGS, rating)) throw new Error("unknown rating " + rating);
    now = now || new Date();
    var section = store.section(SECTION);
    var reviews = section.read();
    var previous = reviews[questionId];
    var result = scheduler().next(restoreCard(previous && previous.card, now), now, RATINGS[rating]);
    var today = dayOf(now);
    var interview = info.interview_date || (previous && previous.interview_date) || null;
    var review = {
      question: info.question || (previous && previous.question) || questionId,
      company: info.company || (previous && previous.company) || null,
      round_type_label: info.round_type_label || (previous && previous.round_type_label) || null,
      rating: rating,
      graded_at: now.toISOString(),
      fsrs_due: result.card.due.toISOString(),
      due: capDue(dayOf(result.card.due), today, interview),
      interview_date: interview,
      reps: result.card.reps,
      card: storeCard(result.card)
    };
    reviews[questionId] = review;
    section.write(reviews);
    return review;
  }

  function all() { return store.section(SECTION).read(); }

  // [[question id, review]] due on or before `day`, earliest first; `company` narrows to one company's.
  function dueOn(day, company) {
    var reviews = all();
    return Object.keys(reviews)
      .filter(function (id) {
        var review = reviews[id];
        return review && validDay(review.due) && review.due <= day && (!company || review.company === company);
      })
      .sort(function (a, b) { return reviews[a].due < reviews[b].due ? -1 : reviews[a].due > reviews[b].due ? 1 : 0; })
      .map(function (id) { return [id, reviews[id]]; });
  }

  window.InterviewPrepReviews = {
    ratings: Object.keys(RATINGS),
    dayOf: dayOf,
    addDays: addDays,
    capDue: capDue,
    merge: merge,
    interviewDate: interviewDate,
    grade: grade,
    all: all,
    dueOn: dueOn
  };
})();
