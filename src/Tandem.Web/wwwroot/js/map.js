// Zoom and pan for diagrams that are wider than their box (the integration map, issue 14). Without script the
// diagram still fits its box (width: 100%) and every box and arrow is a link; with it, buttons zoom in, out and
// back, dragging or the wheel pans a zoomed diagram, Ctrl/⌘ + wheel zooms, and + / - / 0 work when it has focus.
// It changes only the SVG's viewBox, so links, titles and the table after the diagram are untouched.
(() => {
    const STEP = 1.4;
    const MAX = 8;

    function enhance(box) {
        const svg = box.querySelector("svg");
        const base = svg?.viewBox?.baseVal;
        if (!base || base.width === 0) return;
        const home = { x: base.x, y: base.y, w: base.width, h: base.height };
        let view = { ...home };

        const apply = () => {
            svg.setAttribute("viewBox", `${view.x.toFixed(1)} ${view.y.toFixed(1)} ${view.w.toFixed(1)} ${view.h.toFixed(1)}`);
            box.dataset.zoom = (home.w / view.w).toFixed(2);
            out.disabled = view.w >= home.w;
            reset.disabled = view.w >= home.w && view.x === home.x && view.y === home.y;
            zoomIn.disabled = home.w / view.w >= MAX;
        };
        const clamp = () => {
            view.w = Math.min(home.w, Math.max(home.w / MAX, view.w));
            view.h = view.w * home.h / home.w;
            view.x = Math.min(home.x + home.w - view.w, Math.max(home.x, view.x));
            view.y = Math.min(home.y + home.h - view.h, Math.max(home.y, view.y));
        };
        // Zoom by a factor, keeping the point (fx, fy) (fractions of the box) where it is.
        const zoom = (factor, fx = 0.5, fy = 0.5) => {
            const w = view.w / factor;
            view.x += (view.w - w) * fx;
            view.y += (view.h - w * home.h / home.w) * fy;
            view.w = w;
            clamp();
            apply();
        };
        const pan = (dx, dy) => {
            const scale = view.w / svg.getBoundingClientRect().width;
            view.x += dx * scale;
            view.y += dy * scale;
            clamp();
            apply();
        };

        const tools = document.createElement("div");
        tools.className = "map-tools";
        tools.setAttribute("role", "toolbar");
        tools.setAttribute("aria-label", "Zoom the diagram");
        const button = (label, text, testid, action) => {
            const b = document.createElement("button");
            b.type = "button";
            b.className = "small";
            b.textContent = text;
            b.setAttribute("aria-label", label);
            b.dataset.testid = testid;
            b.addEventListener("click", action);
            tools.append(b);
            return b;
        };
        const zoomIn = button("Zoom in", "+ Zoom in", "map-zoom-in", () => zoom(STEP));
        const out = button("Zoom out", "− Zoom out", "map-zoom-out", () => zoom(1 / STEP));
        const reset = button("Reset zoom", "Reset", "map-zoom-reset", () => { view = { ...home }; apply(); });
        const hint = document.createElement("span");
        hint.className = "map-hint";
        hint.textContent = "Drag or scroll to move a zoomed diagram.";
        tools.append(hint);
        box.before(tools);
        box.classList.add("zoomable");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Diagram (+ and − zoom, arrow keys move, 0 resets)");

        // Drag to pan; a drag that moved does not also follow the link under the pointer.
        let drag = null;
        let dragged = false;
        box.addEventListener("pointerdown", (e) => {
            if (e.button !== 0 || view.w >= home.w) return;
            drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
            dragged = false;
        });
        box.addEventListener("pointermove", (e) => {
            if (!drag || e.pointerId !== drag.id) return;
            const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
            if (!dragged && Math.hypot(dx, dy) < 4) return;
            if (!dragged) { box.setPointerCapture(e.pointerId); box.classList.add("dragging"); }
            dragged = true;
            pan(-dx, -dy);
            drag.x = e.clientX;
            drag.y = e.clientY;
        });
        const end = () => { drag = null; box.classList.remove("dragging"); };
        box.addEventListener("pointerup", end);
        box.addEventListener("pointercancel", end);
        box.addEventListener("click", (e) => {
            if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; }
        }, true);

        // Ctrl/⌘ + wheel zooms at the pointer; the wheel pans only a zoomed diagram, else the page scrolls.
        box.addEventListener("wheel", (e) => {
            const r = svg.getBoundingClientRect();
            if (e.ctrlKey || e.metaKey) {
                e.preventDefault();
                zoom(e.deltaY < 0 ? STEP : 1 / STEP, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
            } else if (view.w < home.w) {
                e.preventDefault();
                pan(e.shiftKey ? e.deltaY : e.deltaX, e.shiftKey ? 0 : e.deltaY);
            }
        }, { passive: false });

        box.addEventListener("keydown", (e) => {
            if (e.target !== box) return;
            const moves = { ArrowLeft: [-40, 0], ArrowRight: [40, 0], ArrowUp: [0, -40], ArrowDown: [0, 40] };
            if (e.key === "+" || e.key === "=") zoom(STEP);
            else if (e.key === "-") zoom(1 / STEP);
            else if (e.key === "0") { view = { ...home }; apply(); }
            else if (moves[e.key] && view.w < home.w) pan(...moves[e.key]);
            else return;
            e.preventDefault();
        });
        apply();
    }

    document.querySelectorAll("[data-zoomable]").forEach(enhance);
})();
