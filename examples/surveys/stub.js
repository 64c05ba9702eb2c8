window.feedloop = window.feedloop || function () { (window.feedloop.q = window.feedloop.q || []).push(arguments); };
