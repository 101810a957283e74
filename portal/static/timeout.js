// WCAG 2.2.1 Timing adjustable: warn before the applicant's session ends and let them keep
// it, without leaving the page (nothing typed is lost). Progressive enhancement only: without
// JavaScript every page still saves as it goes, and a form sent too late gets a kind page.
const root = document.getElementById("session-timeout");
const status = document.getElementById("session-timeout-status");

if (root && status) {
  // The message saying what happened sits at the top of the page's content, where it is
  // read in order and covers nothing.
  const main = document.getElementById("main-content");
  if (main) main.prepend(status);
  const lifetime = Number(root.dataset.lifetime);
  const warn = Number(root.dataset.warn);
  const dialog = root.querySelector("[role=alertdialog]");
  const title = root.querySelector("#session-timeout-title");
  const keep = root.querySelector("[data-timeout-keep]");
  let warnTimer = null;
  let endTimer = null;
  let returnFocus = null;

  const schedule = (seconds) => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(show, Math.max(0, seconds - warn) * 1000);
    endTimer = setTimeout(ended, seconds * 1000);
  };

  const show = () => {
    returnFocus = document.activeElement;
    status.textContent = "";
    root.hidden = false;
    document.body.classList.add("portal-timeout-open");
    title.focus();
  };

  const hide = () => {
    root.hidden = true;
    document.body.classList.remove("portal-timeout-open");
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  };

  const ended = () => {
    hide();
    status.textContent = status.dataset.ended + " ";
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = status.dataset.continueUrl;
    link.textContent = status.dataset.continueText;
    status.append(link);
  };

  keep.addEventListener("click", async () => {
    keep.disabled = true;
    try {
      const response = await fetch(root.dataset.keepUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": root.dataset.csrf, Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      hide();
      status.textContent = status.dataset.extended;
      schedule(Number(body.expires_in) || lifetime);
    } catch {
      ended();
    } finally {
      keep.disabled = false;
    }
  });

  // An alert dialog keeps focus until it is answered: Tab stays on its button and heading;
  // Escape answers "keep my session", the only choice.
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      keep.click();
    } else if (event.key === "Tab") {
      event.preventDefault();
      (document.activeElement === keep ? title : keep).focus();
    }
  });

  if (dialog && lifetime > 0) schedule(lifetime);
}
