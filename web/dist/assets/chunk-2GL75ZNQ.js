import{a}from"./chunk-6YU2SCYF.js";import"./chunk-FSDBN2GU.js";import"./chunk-IYWUY3VA.js";export default a();
