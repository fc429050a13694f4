// "Use my location": fills the hidden latitude/longitude from the phone, if the browser has and allows it.
// Without it (no GPS, refused, timed out) the report goes without coordinates; nothing else changes.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("use-location");
  const status = document.getElementById("location-status");
  const latitude = document.getElementById("id_latitude");
  const longitude = document.getElementById("id_longitude");
  if (!button || !latitude || !longitude || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = button.dataset.locating || "…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        status.textContent = `${latitude.value}, ${longitude.value}`;
      },
      () => { status.textContent = button.dataset.failed || ""; },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
});
