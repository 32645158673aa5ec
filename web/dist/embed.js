import "./assets/element-M4SC6BOA.js";
