// "Kopier lenken": copy the feed URL of the input the button names; without the Clipboard API, select it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  try {
    await navigator.clipboard.writeText(input.value);
    button.textContent = "Kopiert";
  } catch {
    input.select();
  }
});
