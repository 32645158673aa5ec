import "./assets/element-5274X7CB.js";
