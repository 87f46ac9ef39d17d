// Phones show tables as stacked cards (tandem.css, ADR 0031): each cell is labelled with its column's name.
// Pages may set data-label themselves; this fills in the rest from the header row. Without script the cards
// still stack, only unlabelled.
document.querySelectorAll("main table").forEach((table) => {
    const head = table.tHead?.rows[0];
    if (!head) return;
    const names = [];
    for (const cell of head.cells) for (let i = 0; i < cell.colSpan; i++) names.push(cell.textContent.trim());
    for (const body of table.tBodies) {
        for (const row of body.rows) {
            let column = 0;
            for (const cell of row.cells) {
                if (!cell.hasAttribute("data-label") && names[column]) cell.setAttribute("data-label", names[column]);
                column += cell.colSpan;
            }
        }
    }
});
