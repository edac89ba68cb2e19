"""A NumPy mini-network in the PyTorch spirit (float64): layers with forward/backward, losses,
optimizers and a numerical gradient check. Reference solver for exam questions."""

from solvers.nn.activations import LeakyReLU, ReLU, Sigmoid, Tanh, sigmoid
from solvers.nn.batchnorm import BatchNorm1d, BatchNorm2d
from solvers.nn.conv import Conv2d, ConvTranspose2d, conv2d
from solvers.nn.dropout import Dropout
from solvers.nn.gradcheck import check_module, gradcheck, relative_error
from solvers.nn.linear import Linear
from solvers.nn.losses import BCELoss, L1Loss, MSELoss, MulticlassHinge, SoftmaxCrossEntropy, softmax
from solvers.nn.module import Module, Sequential
from solvers.nn.optim import SGD, Adam, AdamW, Nesterov, Optimizer, RMSProp
from solvers.nn.pool import AvgPool2d, MaxPool2d
from solvers.nn.recurrent import LSTMCell, RNNCell

__all__ = [
    "SGD",
    "Adam",
    "AdamW",
    "AvgPool2d",
    "BCELoss",
    "BatchNorm1d",
    "BatchNorm2d",
    "Conv2d",
    "ConvTranspose2d",
    "Dropout",
    "L1Loss",
    "LSTMCell",
    "LeakyReLU",
    "Linear",
    "MSELoss",
    "MaxPool2d",
    "Module",
    "MulticlassHinge",
    "Nesterov",
    "Optimizer",
    "RMSProp",
    "RNNCell",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "SoftmaxCrossEntropy",
    "Tanh",
    "check_module",
    "conv2d",
    "gradcheck",
    "relative_error",
    "sigmoid",
    "softmax",
]
