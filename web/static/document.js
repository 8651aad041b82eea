// "Previous match" and "Next match" on a document's page: the search words marked in its
// text (<mark id="match-N">) are visited in turn. Progressive enhancement: without this
// script the marks and the link to the first one are there all the same.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark[id^='match-']"));
    var buttons = document.querySelector(".match-buttons");
    if (!marks.length || !buttons) { return; }
    var where = buttons.querySelector(".where");
    var current = -1;

    function show(index) {
      if (current >= 0) { marks[current].classList.remove("current"); }
      current = (index + marks.length) % marks.length;
      var mark = marks[current];
      mark.classList.add("current");
      mark.setAttribute("tabindex", "-1");
      mark.focus({ preventScroll: true });
      mark.scrollIntoView({ block: "center" });
      if (history.replaceState) { history.replaceState(null, "", "#" + mark.id); }
      where.textContent = where.getAttribute("data-template")
        .replace("{n}", String(current + 1)).replace("{total}", String(marks.length));
    }

    var start = marks.map(function (m) { return "#" + m.id; }).indexOf(location.hash);
    if (start >= 0) { current = start; marks[start].classList.add("current"); }
    buttons.hidden = false;
    buttons.querySelector("[data-match=next]").addEventListener("click", function () {
      show(current + 1);
    });
    buttons.querySelector("[data-match=previous]").addEventListener("click", function () {
      show(current < 0 ? marks.length - 1 : current - 1);
    });
  });
})();
