import "./assets/element-PQXAUAG2.js";
