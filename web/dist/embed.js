import "./assets/element-AKPDU5SQ.js";
