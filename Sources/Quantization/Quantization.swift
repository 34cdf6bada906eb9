@_exported import NeuralNetworks
import CDNNL
