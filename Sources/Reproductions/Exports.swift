// A paper's file builds on the libraries it wires together.
@_exported import ModelZoo
@_exported import Plotting
@_exported import QML
@_exported import Quantization
