// Live screens across several web nodes (ADR 0032). The page's SignalR connection stays up when the
// node loses Redis, but changes made through other nodes stop arriving. Every two seconds the page asks
// its node whether its live channel reaches the others (the hub's Live()); while it does not, a banner
// says so and offers a reload, and once it does again the page reads the current state (refresh), as it
// does when any node's backplane comes back ('resync').
(() => {
    const bannerId = 'live-paused';

    function showBanner(liveState) {
        liveState.dataset.state = 'paused';
        liveState.textContent = 'paused — reload to see changes';
        if (document.getElementById(bannerId)) return;
        const banner = document.createElement('div');
        banner.id = bannerId;
        banner.className = 'warning';
        banner.setAttribute('role', 'alert');
        banner.dataset.testid = bannerId;
        const text = document.createElement('span');
        text.textContent = 'Live updates are paused: what others change shows when you reload this page. Your own changes are saved as usual.';
        const reload = document.createElement('a');
        reload.href = location.href;
        reload.textContent = 'Reload';
        reload.dataset.testid = 'live-paused-reload';
        banner.append(text, ' ', reload);
        const main = document.querySelector('main') || document.body;
        main.prepend(banner);
    }

    function hideBanner(liveState) {
        document.getElementById(bannerId)?.remove();
        liveState.dataset.state = 'connected';
        liveState.textContent = 'live';
    }

    // WebSockets straight away, without the negotiate round trip: behind a load balancer without sticky
    // sessions the negotiate and the connection it names may reach different nodes (ADR 0032).
    window.tandemHubOptions = () => ({ skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets });

    window.tandemLiveWatch = (connection, liveState, refresh) => {
        // A node whose Redis backplane came back asks every screen to read its state again: what was sent
        // while it was away reached nobody (Cluster.cs, LiveBackplaneWatch).
        connection.on('resync', () => { document.dispatchEvent(new CustomEvent('tandem:resync')); refresh(); });
        if (!liveState) return;
        let paused = false;
        setInterval(async () => {
            if (connection.state !== 'Connected') return;
            let live;
            try { live = await connection.invoke('Live'); } catch { return; }
            if (!live && !paused) { paused = true; showBanner(liveState); }
            else if (live && paused) { paused = false; hideBanner(liveState); refresh(); }
        }, 2000);
    };
})();
