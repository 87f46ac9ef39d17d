// Copy buttons: <button data-copy="element-id"> copies that element's text; a [data-copy-status="element-id"]
// element says whether it worked. Without this script the text stays selectable and the download link works.
document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const id = button.getAttribute("data-copy");
    const source = document.getElementById(id);
    const status = document.querySelector(`[data-copy-status="${id}"]`);
    if (!source) return;
    const text = "value" in source ? source.value : source.textContent;
    try {
        await navigator.clipboard.writeText(text);
        if (status) status.textContent = "Copied.";
    } catch {
        if (typeof source.select === "function") source.select();
        if (status) status.textContent = "Press Ctrl+C (⌘C) to copy the selected text.";
    }
});
