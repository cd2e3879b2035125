// Warn before an idle logout and let the person stay (WCAG 2.2.1 Timing Adjustable).
// The server ends a session after data-idle-seconds without a request; every page load starts
// that time again, and so does the button, which posts to /hold-innlogget without leaving the page.
(() => {
  const warning = document.getElementById("okt-varsel");
  if (!warning) return;
  const idleSeconds = Number(warning.dataset.idleSeconds);
  const warnBefore = Math.min(120, idleSeconds / 2);
  const form = warning.querySelector("form");
  const button = form.querySelector("button");
  let timer;
  let focusBefore = null;

  function start() {
    clearTimeout(timer);
    timer = setTimeout(show, (idleSeconds - warnBefore) * 1000);
  }

  function show() {
    focusBefore = document.activeElement;
    warning.hidden = false;
    button.focus();
    timer = setTimeout(loggedOut, warnBefore * 1000);
  }

  function loggedOut() {
    warning.querySelector("h2").textContent = "Du er logget ut";
    warning.querySelector("p").textContent =
      "Du var inaktiv for lenge og er logget ut. Last siden på nytt for å logge inn igjen.";
    form.hidden = true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(form.action, {method: "POST", body: new FormData(form),
                                               credentials: "same-origin", redirect: "manual"});
    if (response.status === 204) {
      warning.hidden = true;
      if (focusBefore && document.contains(focusBefore)) focusBefore.focus();
      start();
    } else {
      loggedOut();
    }
  });

  start();
})();
