// drafter preview: follow the server's events; on a change, refresh the problems panel
// and, when there is a new document, load it in a hidden frame at the same scroll
// position and show it in place of the old one (so the page never flashes or jumps).
"use strict";
(() => {
  const view = document.getElementById("view");
  const panel = document.getElementById("panel");
  const stopped = document.getElementById("stopped");
  let version = Number(document.body.dataset.version);
  let shown = Number(view.dataset.document);
  let busy = false;
  let again = false;

  const current = () => view.querySelector("iframe.doc:not(.loading)");

  function showDocument(number) {
    const old = current();
    const win = old && old.contentWindow;
    const x = win ? win.scrollX : 0;
    const y = win ? win.scrollY : 0;
    const next = document.createElement("iframe");
    next.className = "doc loading";
    next.title = "The agreement as it will print";
    next.setAttribute("sandbox", "allow-same-origin");
    next.addEventListener("load", () => {
      next.contentWindow.scrollTo(x, y);
      for (const frame of view.querySelectorAll("iframe.doc")) {
        if (frame !== next) frame.remove();
      }
      for (const note of view.querySelectorAll(".nodoc")) note.remove();
      next.classList.remove("loading");
    }, { once: true });
    next.src = "/document?v=" + number;
    view.appendChild(next);
  }

  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const answer = await fetch("/state", { cache: "no-store" });
      const state = await answer.json();
      const details = document.getElementById("findings");
      const open = details ? details.open : true;
      panel.innerHTML = state.panel;
      const fresh = document.getElementById("findings");
      if (fresh) fresh.open = open;
      document.title = state.title;
      version = state.version;
      document.body.dataset.version = String(version);
      if (state.document && state.document !== shown) {
        shown = state.document;
        view.dataset.document = String(shown);
        showDocument(shown);
      }
    } catch (e) {
      stopped.hidden = false;
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }

  const events = new EventSource("/events");
  events.onmessage = (event) => {
    stopped.hidden = true;
    if (Number(event.data) !== version) refresh();
  };
  events.onerror = () => { stopped.hidden = false; };

  panel.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-target]");
    if (!link) return;
    event.preventDefault();
    const frame = current();
    const target = frame && frame.contentDocument &&
      frame.contentDocument.getElementById(link.dataset.target);
    if (target) target.scrollIntoView({ block: "start" });
  });
})();
