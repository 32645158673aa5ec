import "./assets/element-J3BWF7FW.js";
