// The import status page while its job runs: ask again every 2 seconds (the page has a Refresh link without this).
(() => {
    if (document.querySelector('[data-import-active="true"]')) setTimeout(() => location.reload(), 2000);
})();
