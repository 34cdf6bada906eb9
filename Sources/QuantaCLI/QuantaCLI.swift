import Quanta
