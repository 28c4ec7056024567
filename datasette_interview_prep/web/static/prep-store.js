// What a candidate keeps in this browser, in one place: ticks, and named
// sections other scripts own (reviews, practice notes). Nothing is ever sent
// to the server. Loaded before the scripts that use it (prep.js, reviews.js).
//
// Ticks belong to the item or the question, wherever it is shown: one entry,
// "datasette-interview-prep:ticks" -> {"item:<prep item id>" or
// "question:<question id>": the day it was ticked}. Release 0.2.0 kept one
// entry per checklist ("datasette-interview-prep:progress:<checklist key>" ->
// {"<key>:<prep item id>" or "<key>:q:<question id>": day}); those are read
// into the ticks on first load and left where they were, so nothing is lost
// (an older page still finds them).
//
// A section is any JSON object stored under "datasette-interview-prep:section:<name>".
// Every section is exported, whichever page exports; on import a section's
// owner may register how to merge it (register(name, merge)), otherwise keys
// that are not there yet are added.
(function () {
  var ROOT = "datasette-interview-prep:";
  var TICKS = ROOT + "ticks";
  var LEGACY_PREFIX = ROOT + "progress:";
  var SECTION_PREFIX = ROOT + "section:";
  var MIGRATED = ROOT + "store-version";
  var FORMAT = "datasette-interview-prep/progress";
  var VERSION = 2;
  var mergers = {};
  var listeners = [];

  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(ROOT + "__test__", "1");
    storage.removeItem(ROOT + "__test__");
  } catch (e) {
    storage = null;
  }

  function isObject(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }
  function readJson(name) {
    if (!storage) return {};
    try {
      var value = JSON.parse(storage.getItem(name) || "{}");
      return isObject(value) ? value : {};
    } catch (e) {
      return {};
    }
  }
  function writeJson(name, value) {
    if (!storage) return;
    if (Object.keys(value).length) storage.setItem(name, JSON.stringify(value));
    else storage.removeItem(name);
  }
  function localDay() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function notify() {
    listeners.forEach(function (listener) { listener(); });
  }

  // "<checklist key>:q:<question id>" -> "question:<id>", "<checklist key>:<item id>" -> "item:<id>".
  // Checklist keys (process ids, "custom-<slug>", "typical", comparison keys) hold no colon.
  function tickIdFromLegacy(id) {
    var colon = String(id).indexOf(":");
    if (colon < 0) return null;
    var rest = String(id).slice(colon + 1);
    if (rest.indexOf("q:") === 0) return rest.length > 2 ? "question:" + rest.slice(2) : null;
    return rest ? "item:" + rest : null;
  }
  function validTickId(id) {
    return /^(item|question):[^\s]{1,200}$/.test(id);
  }
  function cleanDay(value) {
    var day = String(value).slice(0, 30);
    return day || localDay();
  }
  // Keeps the earlier day when both hold a tick: the day it was first done.
  function mergeTick(ticks, id, day) {
    if (!validTickId(id)) return false;
    day = cleanDay(day);
    if (Object.prototype.hasOwnProperty.call(ticks, id)) {
      if (day < ticks[id]) ticks[id] = day;
      return false;
    }
    ticks[id] = day;
    return true;
  }
  function mergeLegacyChecklists(ticks, checklists) {
    var added = 0;
    Object.keys(checklists).forEach(function (checklistKey) {
      var entries = checklists[checklistKey];
      if (!isObject(entries)) return;
      Object.keys(entries).forEach(function (legacyId) {
        if (legacyId.indexOf(checklistKey + ":") !== 0) return;
        var id = tickIdFromLegacy(legacyId);
        if (id && mergeTick(ticks, id, entries[legacyId])) added += 1;
      });
    });
    return added;
  }

  function migrate() {
    if (!storage || storage.getItem(MIGRATED) === String(VERSION)) return;
    var legacy = {};
    for (var i = 0; i < storage.length; i++) {
      var name = storage.key(i);
      if (name && name.indexOf(LEGACY_PREFIX) === 0) legacy[name.slice(LEGACY_PREFIX.length)] = readJson(name);
    }
    var ticks = readJson(TICKS);
    mergeLegacyChecklists(ticks, legacy);
    writeJson(TICKS, ticks);
    storage.setItem(MIGRATED, String(VERSION));
  }

  function sectionNames() {
    var names = [];
    if (!storage) return names;
    for (var i = 0; i < storage.length; i++) {
      var name = storage.key(i);
      if (name && name.indexOf(SECTION_PREFIX) === 0) names.push(name.slice(SECTION_PREFIX.length));
    }
    return names.sort();
  }
  function defaultMerge(current, incoming) {
    var added = 0;
    Object.keys(incoming).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(current, key)) {
        current[key] = incoming[key];
        added += 1;
      }
    });
    return added;
  }

  migrate();

  window.InterviewPrepStore = {
    available: !!storage,
    format: FORMAT,
    version: VERSION,
    localDay: localDay,
    tickIdFromLegacy: tickIdFromLegacy,
    ticks: function () { return readJson(TICKS); },
    isTicked: function (id) { return Object.prototype.hasOwnProperty.call(readJson(TICKS), id); },
    setTicked: function (id, ticked) {
      var ticks = readJson(TICKS);
      if (ticked) mergeTick(ticks, id, localDay());
      else delete ticks[id];
      writeJson(TICKS, ticks);
      notify();
    },
    section: function (name) {
      return {
        read: function () { return readJson(SECTION_PREFIX + name); },
        write: function (value) { writeJson(SECTION_PREFIX + name, isObject(value) ? value : {}); notify(); }
      };
    },
    // merge(current, incoming) -> how many entries were new; it changes `current` in place.
    register: function (name, merge) { mergers[name] = merge; },
    onChange: function (listener) { listeners.push(listener); },
    exportData: function () {
      var sections = {};
      sectionNames().forEach(function (name) { sections[name] = readJson(SECTION_PREFIX + name); });
      return {format: FORMAT, version: VERSION, exported_at: new Date().toISOString(), ticks: readJson(TICKS), sections: sections};
    },
    // Version 1 files (0.2.0: {checklists}) and version 2 ({ticks, sections}). Returns a summary, or null
    // when the data is not an export of these pages.
    importData: function (data) {
      if (!isObject(data) || data.format !== FORMAT) return null;
      var ticks = readJson(TICKS);
      var summary = {ticks: 0, sections: {}};
      if (isObject(data.checklists)) summary.ticks += mergeLegacyChecklists(ticks, data.checklists);
      if (isObject(data.ticks)) {
        Object.keys(data.ticks).forEach(function (id) {
          if (mergeTick(ticks, id, data.ticks[id])) summary.ticks += 1;
        });
      }
      if (!isObject(data.checklists) && !isObject(data.ticks)) return null;
      writeJson(TICKS, ticks);
      if (isObject(data.sections)) {
        Object.keys(data.sections).forEach(function (name) {
          var incoming = data.sections[name];
          if (!/^[a-z0-9-]{1,40}$/.test(name) || !isObject(incoming)) return;
          var current = readJson(SECTION_PREFIX + name);
          summary.sections[name] = (mergers[name] || defaultMerge)(current, incoming);
          writeJson(SECTION_PREFIX + name, current);
        });
      }
      notify();
      return summary;
    }
  };
})();
