import{a}from"./chunk-PHAI2NWQ.js";import"./chunk-ZS7EOZQI.js";import"./chunk-XL26C3HA.js";import"./chunk-Q2X54U25.js";import"./chunk-NGGYTVSU.js";import"./chunk-IYWUY3VA.js";export{a as TableView};
