import{a}from"./chunk-HEF2J6QE.js";import"./chunk-E7Q4K226.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
