/* Suggestions while the subject is typed ("Misschien is uw vraag al beantwoord").
   Progressive enhancement: without JavaScript the button "Toon vergelijkbare antwoorden" does the same. */
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest-source]");
  var box = document.getElementById("suggesties");
  if (!input || !box || !window.fetch) { return; }
  var url = box.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";

  function render(results) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!results.length) { return; }
    var h = document.createElement("h2");
    h.className = "nl-heading nl-heading--level-4";
    h.textContent = "Misschien is uw vraag al beantwoord";
    box.appendChild(h);
    var ul = document.createElement("ul");
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title;
      li.appendChild(a);
      var kind = document.createElement("span");
      kind.className = "loket-muted";
      kind.textContent = " (" + r.kind + ")";
      li.appendChild(kind);
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q === last || q.length < 4) { return; }
      last = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () { /* suggestions are optional */ });
    }, 350);
  });
})();
