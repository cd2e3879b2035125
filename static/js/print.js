// "Skriv ut": a button with data-print opens the browser's print dialog (no inline handlers: the CSP forbids them).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
