// Opens an EventSource and a WebSocket to the showcase and logs what arrives. With ?report=PATH the
// results are also POSTed there as JSON once both are in (the browser test reads them that way).
(function () {
  'use strict';
  const log = document.getElementById('log');
  const results = {};
  let reported = false;

  function line(text) {
    log.textContent += text + '\n';
  }

  function report() {
    const target = new URLSearchParams(location.search).get('report');
    if (reported || !target || results.sse === undefined || results.ws === undefined) {
      return;
    }
    reported = true;
    fetch(target, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(results)});
  }

  const received = [];
  const events = new EventSource('/sse/count?n=3&interval_ms=50');
  events.onmessage = function (event) {
    received.push(event.lastEventId + ':' + event.data);
    line('sse: id ' + event.lastEventId + ', data ' + event.data);
    if (received.length === 3) {
      events.close();
      results.sse = received.join(',');
      report();
    }
  };
  events.onerror = function () {
    if (results.sse === undefined) {
      events.close();
      results.sse = 'error after [' + received.join(',') + ']';
      line('sse: error');
      report();
    }
  };

  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const socket = new WebSocket(scheme + location.host + '/ws/echo');
  socket.onopen = function () {
    line('ws: open, extensions "' + socket.extensions + '"');
    socket.send('hello, motor');
  };
  socket.onmessage = function (message) {
    line('ws: echo "' + message.data + '"');
    results.ws = message.data;
    results.wsExtensions = socket.extensions;
    socket.close(1000, 'done');
    report();
  };
  socket.onerror = function () {
    if (results.ws === undefined) {
      results.ws = 'error';
      line('ws: error');
      report();
    }
  };
}());
