// Drag and drop onto the upload form: a progressive enhancement. Without JavaScript the
// plain file input does the same job. (The CSP forbids inline scripts: this file is it.)
(function () {
  "use strict";
  function listFiles(input, list) {
    list.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
      list.appendChild(item);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.querySelector("[data-dropzone]");
    if (!zone) { return; }
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector("[data-chosen]");
    var hint = zone.querySelector("[data-drop-hint]");
    if (!input || typeof DataTransfer === "undefined") { return; }
    if (hint) { hint.hidden = false; }
    input.addEventListener("change", function () { listFiles(input, list); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var dropped = event.dataTransfer && event.dataTransfer.files;
      if (!dropped || !dropped.length) { return; }
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files || [], function (f) { all.items.add(f); });
      Array.prototype.forEach.call(dropped, function (f) { all.items.add(f); });
      input.files = all.files;
      listFiles(input, list);
    });
  });
})();
